'use client';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { requiredContext } from './context';
import { en, type MessageKey } from './messages-en';
import { zhCN } from './messages-zh';

export type Locale = 'en' | 'zh-CN';
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'mc.locale';

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey) => string;
}

const [I18nContext, useI18nContext] = requiredContext<I18n>('useI18n needs an I18nProvider');

/** Holds the UI language (remembered in localStorage; first visit follows the browser). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>('en');
  useEffect(() => {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') setLocaleState(saved);
    else if (navigator.language.toLowerCase().startsWith('zh')) setLocaleState('zh-CN');
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key) => DICTIONARIES[locale][key] }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its string lookup. */
export function useI18n(): I18n {
  return useI18nContext();
}
