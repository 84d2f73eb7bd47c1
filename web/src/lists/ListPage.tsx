// A management list. (Placeholder.)
export function ListPage({ management }: { management: string }) {
  return <main data-management={management} />;
}
