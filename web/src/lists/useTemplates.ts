// The templates of one type of a list (for "create from template" and "apply template"), loaded on demand.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ListRow, ListRowsAnswer } from '../api/contract.ts';

/** Templates live under each department (ou=templates,…): they are looked for in the whole directory. */
export function useTemplates(management: string, type: string, root: string, enabled: boolean) {
  return useQuery({
    queryKey: ['lists', management, 'templates', type],
    enabled,
    staleTime: 60_000,
    queryFn: async ({ signal }): Promise<ListRow[]> => {
      const query = new URLSearchParams({ base: root, scope: 'sub', types: type, templates: '1', offset: '0', limit: '500' });
      const answer = await api<ListRowsAnswer>(`/lists/${encodeURIComponent(management)}/rows`, { query, signal });
      return answer.rows.filter((r) => r.template && r.type === type).sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}
