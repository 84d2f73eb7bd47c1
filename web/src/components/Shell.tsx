// The frame of signed-in pages: header, menu, language and theme switches. (Placeholder: the lists work replaces it.)
import type { ReactNode } from 'react';

export function Shell({ children }: { children: ReactNode }) {
  return <main id="main">{children}</main>;
}
