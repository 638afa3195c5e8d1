// The element in React 19: its attributes and events are typed (ms-signin/element's JSX types), so a misspelt
// value does not compile; React adds `onms-signin` as a listener of the `ms-signin` event.
import 'ms-signin/element';
import type { User } from 'ms-signin/element';
import { useState } from 'react';

export function App() {
  const [user, setUser] = useState<User | null>(null);
  const [greeting, setGreeting] = useState('Sign in to be greeted.');

  async function signedIn(who: User) {
    setUser(who);
    // GET /hello needs a session: the cookie the sign-in set goes with it.
    setGreeting(await (await fetch('/hello')).text());
  }

  return (
    <main>
      <h1>{user ? `${user.name}'s React app` : 'My React app'}</h1>
      <ms-signin-button
        theme="dark"
        shape="pill"
        onms-signin={(event) => void signedIn(event.detail)}
        onms-signout={() => {
          setUser(null);
          setGreeting('Signed out.');
        }}
        onms-error={(event) => setGreeting(event.detail.message)}
      />
      <p id="hello">{greeting}</p>
    </main>
  );
}
