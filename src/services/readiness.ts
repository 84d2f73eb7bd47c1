// Readiness of the configured directories: each answers a Who am I? as the service account within a few seconds.
import type { LdapGateway } from '../ldap/LdapGateway.ts';

export interface NamedGateway {
  name: string;
  gateway: LdapGateway;
}

/** One check per directory: ok with the bound identity, or the error's message. */
export async function directoryReadiness(gateways: NamedGateway[], timeoutMs = 3000): Promise<Array<{ name: string; ok: boolean; message?: string }>> {
  return Promise.all(
    gateways.map(async ({ name, gateway }) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        });
        await Promise.race([gateway.whoami(), timeout]);
        return { name: `directory ${name}`, ok: true };
      } catch (e) {
        return { name: `directory ${name}`, ok: false, message: (e as Error).message };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
