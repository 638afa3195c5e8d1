// The button's words in each supported language, and the choice of language for a page.

/** The `text` attribute's values, named as in other identity providers' buttons. */
export const textKinds = ['signin_with', 'continue_with', 'signup_with', 'signin'] as const;
export type TextKind = (typeof textKinds)[number];

export type Strings = Record<TextKind, string> & {
  /** Read before the user's name by screen readers: "Signed in as Adele Vance". */
  signedInAs: string;
  signOut: string;
};

// Wording from Microsoft's own sign-in pages in each language ("Sign in" is their short form).
const catalog = {
  en: {
    signin_with: 'Sign in with Microsoft',
    continue_with: 'Continue with Microsoft',
    signup_with: 'Sign up with Microsoft',
    signin: 'Sign in',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
  },
  fr: {
    signin_with: 'Se connecter avec Microsoft',
    continue_with: 'Continuer avec Microsoft',
    signup_with: "S'inscrire avec Microsoft",
    signin: 'Se connecter',
    signedInAs: 'Connecté en tant que',
    signOut: 'Se déconnecter',
  },
  de: {
    signin_with: 'Mit Microsoft anmelden',
    continue_with: 'Weiter mit Microsoft',
    signup_with: 'Mit Microsoft registrieren',
    signin: 'Anmelden',
    signedInAs: 'Angemeldet als',
    signOut: 'Abmelden',
  },
  es: {
    signin_with: 'Iniciar sesión con Microsoft',
    continue_with: 'Continuar con Microsoft',
    signup_with: 'Registrarse con Microsoft',
    signin: 'Iniciar sesión',
    signedInAs: 'Sesión iniciada como',
    signOut: 'Cerrar sesión',
  },
} satisfies Record<string, Strings>;

export type Locale = keyof typeof catalog;
/** The supported languages (a function, so the loader bundle does not keep an unused `Object.keys` call). */
export const locales = (): Locale[] => Object.keys(catalog) as Locale[];

/**
 * The first supported language among `preferred` (the `locale` attribute, then the browser's
 * languages), matched on the primary subtag: `fr-CA` gets French. English when none matches.
 * @example resolveLocale([null, ...navigator.languages]) // 'de' for a German browser
 */
export function resolveLocale(preferred: readonly (string | null | undefined)[]): Locale {
  for (const tag of preferred) {
    const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
    if (language && language in catalog) return language as Locale;
  }
  return 'en';
}

export const stringsFor = (locale: Locale): Strings => catalog[locale];
