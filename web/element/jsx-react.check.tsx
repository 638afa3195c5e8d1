// Type test (checked by `tsc --noEmit`, run by nothing): what a React 19 page may write with the element, and
// what must not compile. docs/library.md promises both.
import { useRef } from 'react';
import type { MsSignInButton } from './ms-signin-button.ts';
import type { User } from './types.ts';
import './index.ts';

const greet = (user: User) => user.name;

export function Fine() {
  const ref = useRef<MsSignInButton>(null);
  return (
    <ms-signin-button
      ref={ref}
      id="signin"
      style={{ marginTop: 8 }}
      aria-describedby="why"
      theme="dark"
      size="large"
      shape="pill"
      text="continue_with"
      width={300}
      locale="fr"
      client-id="00000000-0000-0000-0000-000000000000"
      login-uri="/auth/microsoft"
      auto-select
      picture={true}
      className="signin"
      onms-signin={(event) => (event.detail.automatic ? greet(event.detail) : event.detail.email)}
      onms-signout={(event) => event.detail satisfies null}
      onms-error={(event) => event.detail.code.toUpperCase()}
    />
  );
}

// @ts-expect-error: a misspelt value
export const misspeltTheme = <ms-signin-button theme="drak" />;
// @ts-expect-error: not a size
export const wrongSize = <ms-signin-button size="huge" />;
// @ts-expect-error: ms-signin's detail is the user, not a string
export const wrongDetail = <ms-signin-button onms-signin={(event: CustomEvent<string>) => event.detail} />;

// The DOM side: the tag and the events, typed where a page meets them.
const button = document.createElement('ms-signin-button');
button.addEventListener('ms-signin', (event) => greet(event.detail));
button.addEventListener('ms-error', (event) => event.detail.message);
document.addEventListener('ms-signin', (event) => greet(event.detail));
export const size: 'small' | 'medium' | 'large' = button.size;
