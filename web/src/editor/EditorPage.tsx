// The object editor. (Placeholder.)
export function EditorPage({ type, dn }: { type: string; dn: string | null }) {
  return <main data-type={type} data-dn={dn ?? ''} />;
}
