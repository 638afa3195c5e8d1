// A page's localStorage for element tests in plain Node (auto-select's login_hint waits there: login-hint.ts).
import { afterEach, beforeEach, vi } from 'vitest';

/** Stands a Map in for `localStorage` in each test of the file, emptied before each; returns that Map. */
export function useLocalStorage(): Map<string, string> {
  const storage = new Map<string, string>();
  beforeEach(() => {
    storage.clear();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    });
  });
  afterEach(() => void vi.unstubAllGlobals());
  return storage;
}
