import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { en } from './messages-en.ts';
import { zh, type MessageKey } from './messages-zh.ts';

export type Language = 'zh-CN' | 'en-US';

const REMEMBERED = 'dossier.language';
const catalogues: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };

/** `?lang=en` (or `zh`) chooses and is remembered; otherwise the remembered choice; Chinese by default. */
export const initialLanguage = (search: string, remembered: string | null): Language => {
  const asked = new URLSearchParams(search).get('lang');
  if (asked) return asked.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN';
  return remembered === 'en-US' ? 'en-US' : 'zh-CN';
};

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface LanguageContextValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

export const LanguageProvider = ({ children }: { children: ReactNode }) => {
  const [language, setLanguageState] = useState<Language>(() => initialLanguage(window.location.search, localStorage.getItem(REMEMBERED)));
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(REMEMBERED, next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    localStorage.setItem(REMEMBERED, language);
    document.documentElement.lang = language;
    dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  }, [language]);
  const t = useCallback<Translate>(
    (key, values) => {
      const text = catalogues[language][key];
      return values ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')) : text;
    },
    [language],
  );
  const value = useMemo(() => ({ language, setLanguage, t }), [language, setLanguage, t]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
};

export const useLanguage = (): LanguageContextValue => {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useLanguage outside LanguageProvider');
  return value;
};

export const useT = (): Translate => useLanguage().t;
