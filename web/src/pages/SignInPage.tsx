// The sign-in page. (Placeholder: the lists work replaces it.)
export function SignInPage() {
  return <main id="main" />;
}
