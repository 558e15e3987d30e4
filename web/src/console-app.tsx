import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiProblem } from './api/client.ts';
import { LanguageProvider, useLanguage } from './i18n/language.tsx';
import { ConsoleLayout, PageLoading } from './layout/console-layout.tsx';
import { consoleTheme } from './layout/console-theme.ts';
import { SignIn } from './screens/sign-in.tsx';
import { SignUp } from './screens/sign-up.tsx';
import { RequireSession, useSession } from './session/use-session.tsx';

// Each screen behind the sign-in is its own chunk: the first load carries only what sign-in needs.
const CustomerList = lazy(() => import('./screens/customer-list.tsx').then((m) => ({ default: m.CustomerList })));
const NewCustomer = lazy(() => import('./screens/new-customer.tsx').then((m) => ({ default: m.NewCustomer })));
const CustomerFile = lazy(() => import('./screens/customer-file/customer-file.tsx').then((m) => ({ default: m.CustomerFile })));
const Followups = lazy(() => import('./screens/followups.tsx').then((m) => ({ default: m.Followups })));
const Complaints = lazy(() => import('./screens/complaints.tsx').then((m) => ({ default: m.Complaints })));
const NotFound = lazy(() => import('./layout/not-found.tsx').then((m) => ({ default: m.NotFound })));
const Reports = lazy(() => import('./screens/reports/reports.tsx').then((m) => ({ default: m.Reports })));
const Segments = lazy(() => import('./screens/segments/segments.tsx').then((m) => ({ default: m.Segments })));
const SegmentDetail = lazy(() => import('./screens/segments/segment-detail.tsx').then((m) => ({ default: m.SegmentDetail })));
const Settings = lazy(() => import('./screens/settings/settings.tsx').then((m) => ({ default: m.Settings })));

// A client error will not go away by asking again; a 5xx or a network failure may.
const retryable = (failures: number, error: unknown) => failures < 2 && !(error instanceof ApiProblem && error.status < 500);
const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: { queries: { retry: retryable, refetchOnWindowFocus: false }, mutations: { retry: false } },
});

/** Nothing cached for one user may be shown to the next: the cache goes with the session. */
const ForgetOnSignOut = () => {
  const session = useSession();
  useEffect(() => {
    if (!session) queryClient.clear();
  }, [session]);
  return null;
};

const signedIn = (screen: React.ReactNode) => (
  <RequireSession>
    <ConsoleLayout>
      <Suspense fallback={<PageLoading />}>{screen}</Suspense>
    </ConsoleLayout>
  </RequireSession>
);

const Localized = () => {
  const { language } = useLanguage();
  return (
    // No space inserted between two Chinese characters of a button: its name stays 登录, 保存 (CONSOLE.md).
    <ConfigProvider locale={language === 'zh-CN' ? zhCN : enUS} button={{ autoInsertSpace: false }} theme={consoleTheme}>
      <AntApp>
        <ForgetOnSignOut />
        <Routes>
          <Route path="/" element={<Navigate to="/customers" replace />} />
          <Route path="/signup" element={<SignUp />} />
          <Route path="/signin" element={<SignIn />} />
          <Route path="/customers" element={signedIn(<CustomerList />)} />
          <Route path="/customers/new" element={signedIn(<NewCustomer />)} />
          <Route path="/customers/:customerId" element={signedIn(<CustomerFile />)} />
          <Route path="/followups" element={signedIn(<Followups />)} />
          <Route path="/complaints" element={signedIn(<Complaints />)} />
          <Route path="/reports" element={signedIn(<Reports />)} />
          <Route path="/segments" element={signedIn(<Segments />)} />
          <Route path="/segments/:segmentId" element={signedIn(<SegmentDetail />)} />
          <Route path="/settings" element={signedIn(<Settings />)} />
          <Route path="*" element={<Suspense fallback={<PageLoading />}><NotFound /></Suspense>} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
};

export const ConsoleApp = () => (
  <QueryClientProvider client={queryClient}>
    <LanguageProvider>
      <BrowserRouter>
        <Localized />
      </BrowserRouter>
    </LanguageProvider>
  </QueryClientProvider>
);
