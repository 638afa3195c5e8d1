// The button's words in each supported language, and the choice of language for a page.

/** The `text` attribute's values, named as in other identity providers' buttons. */
export const textKinds = ['signin_with', 'continue_with', 'signup_with', 'signin'] as const;
export type TextKind = (typeof textKinds)[number];

export type Strings = Record<TextKind, string> & {
  /** Read before the user's name by screen readers: "Signed in as Adele Vance". */
  signedInAs: string;
  signOut: string;
};

/** The order of each language's words below: the `text` kinds, then "Signed in as" and "Sign out". */
const keys = [...textKinds, 'signedInAs', 'signOut'] as const;

// Wording from Microsoft's own sign-in pages in each language ("Sign in" is their short form). Lists in the order
// of `keys` rather than records: the names, repeated per language, would cost the loader's budget.
const catalog = {
  en: [
    'Sign in with Microsoft',
    'Continue with Microsoft',
    'Sign up with Microsoft',
    'Sign in',
    'Signed in as',
    'Sign out',
  ],
  fr: [
    'Se connecter avec Microsoft',
    'Continuer avec Microsoft',
    "S'inscrire avec Microsoft",
    'Se connecter',
    'Connecté en tant que',
    'Se déconnecter',
  ],
  de: [
    'Mit Microsoft anmelden',
    'Weiter mit Microsoft',
    'Mit Microsoft registrieren',
    'Anmelden',
    'Angemeldet als',
    'Abmelden',
  ],
  es: [
    'Iniciar sesión con Microsoft',
    'Continuar con Microsoft',
    'Registrarse con Microsoft',
    'Iniciar sesión',
    'Sesión iniciada como',
    'Cerrar sesión',
  ],
} satisfies Record<string, string[] & { length: typeof keys.length }>;

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

export const stringsFor = (locale: Locale): Strings =>
  Object.fromEntries(keys.map((key, index) => [key, catalog[locale][index]])) as Strings;
