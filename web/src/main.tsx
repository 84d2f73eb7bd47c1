// Entry point of the SPA. The page's first requests leave at once, together, before the app's code is even loaded:
// the app's code itself, the session, and for a list page its definition and the rows the address shows. The app
// (App.tsx) takes the answers over, so what the page needs is there when it first renders.
// No style sheet here: a page's scripts wait for its style sheets, and these requests should wait for nothing.
import { fetchSession, setApiLanguage } from './api/client.ts';
import type { Boot } from './App.tsx';
import { initialLanguage } from './i18n/index.tsx';
import { startListRequests } from './lists/listRequests.ts';

const app = import('./App.tsx');
// Labels come translated: the language before the requests.
setApiLanguage(initialLanguage());
const boot: Boot = { session: fetchSession(), list: startListRequests(window.location) };
// Until the app adopts it, a failed session call is not an unhandled rejection (the app decides what it means).
boot.session.catch(() => undefined);

void app.then(({ mountApp }) => mountApp(document.getElementById('root')!, boot));
