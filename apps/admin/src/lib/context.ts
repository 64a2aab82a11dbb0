import { createContext, useContext, type Context } from 'react';

/**
 * A context that has no sensible default, with the hook that reads it. The hook throws
 * `missingProviderMessage` when no provider is above it, so a page rendered outside the app
 * shell fails loudly instead of working with a null value.
 */
export function requiredContext<T>(missingProviderMessage: string): [Context<T | null>, () => T] {
  const context = createContext<T | null>(null);
  function useRequiredContext(): T {
    const value = useContext(context);
    if (!value) throw new Error(missingProviderMessage);
    return value;
  }
  return [context, useRequiredContext];
}
