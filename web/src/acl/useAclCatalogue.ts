// What a role can grant (GET /ui/api/acl/objects): categories, their objects and attributes, from the installed plugins.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { AclCatalogue } from '../api/contract.ts';

/** The ACL catalogue, asked once and kept (it changes only when plugins do); the language switch asks again. */
export function useAclCatalogue() {
  return useQuery({
    queryKey: ['acl', 'objects'],
    queryFn: ({ signal }) => api<AclCatalogue>('/acl/objects', { signal }),
    staleTime: 30 * 60_000,
  });
}
