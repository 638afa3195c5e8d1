/** @jsxImportSource preact */
// Type test (checked by `tsc --noEmit`, run by nothing): the element in a Preact page, and a mistake that must
// not compile.
import 'preact';
import type { User } from './types.ts';
import './index.ts';

const greet = (user: User) => user.name;

export const fine = <ms-signin-button theme="light" onms-signin={(event) => greet(event.detail)} />;

// @ts-expect-error: a misspelt value
export const misspeltShape = <ms-signin-button shape="round" />;
