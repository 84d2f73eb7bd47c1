// "My account". (Placeholder.)
export function AccountPage() {
  return <main />;
}
