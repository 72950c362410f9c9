import type { ReactElement } from 'react';
import { createBrowserRouter, matchRoutes, Navigate, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { setUnauthorizedHandler } from '../api/client';
import { adoptSession } from '../api/session';
import { AppLayout } from './AppLayout';
import { lazyNamed } from './lazy';
import { NotFoundPage } from './NotFoundPage';
import { signInPath } from './paths';
import { queryClient } from './query-client';
import { RequireSession } from './RequireSession';
import { RootLayout } from './RootLayout';
import { RouteError } from './RouteError';

const SignInPage = lazyNamed(() => import('../modules/auth/SignInPage'), 'SignInPage');
const SignUpPage = lazyNamed(() => import('../modules/auth/SignUpPage'), 'SignUpPage');
const AcceptInvitationPage = lazyNamed(
  () => import('../modules/auth/AcceptInvitationPage'),
  'AcceptInvitationPage',
);
const ContactsListPage = lazyNamed(() => import('../modules/contacts/ContactsListPage'), 'ContactsListPage');
const ContactPage = lazyNamed(() => import('../modules/contacts/ContactPage'), 'ContactPage');
const CompaniesListPage = lazyNamed(
  () => import('../modules/companies/CompaniesListPage'),
  'CompaniesListPage',
);
const CompanyPage = lazyNamed(() => import('../modules/companies/CompanyPage'), 'CompanyPage');
const ImportsPage = lazyNamed(() => import('../modules/imports/ImportsPage'), 'ImportsPage');
const ImportWizardPage = lazyNamed(() => import('../modules/imports/ImportWizardPage'), 'ImportWizardPage');
const ImportDetailPage = lazyNamed(() => import('../modules/imports/ImportDetailPage'), 'ImportDetailPage');
const DuplicatesPage = lazyNamed(() => import('../modules/duplicates/DuplicatesPage'), 'DuplicatesPage');
const SettingsLayout = lazyNamed(() => import('../modules/settings/SettingsLayout'), 'SettingsLayout');
const WorkspaceSettings = lazyNamed(
  () => import('../modules/settings/WorkspaceSettings'),
  'WorkspaceSettings',
);
const UsersSettings = lazyNamed(() => import('../modules/settings/UsersSettings'), 'UsersSettings');
const TeamsSettings = lazyNamed(() => import('../modules/settings/TeamsSettings'), 'TeamsSettings');
const ApiKeysSettings = lazyNamed(() => import('../modules/settings/ApiKeysSettings'), 'ApiKeysSettings');
const CustomFieldsSettings = lazyNamed(
  () => import('../modules/settings/CustomFieldsSettings'),
  'CustomFieldsSettings',
);

const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/invite/:token', element: <AcceptInvitationPage /> },
      {
        path: '/',
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <Navigate to="/contacts" replace /> },
              { path: 'contacts', element: <ContactsListPage /> },
              { path: 'contacts/:id', element: <ContactPage /> },
              { path: 'companies', element: <CompaniesListPage /> },
              { path: 'companies/:id', element: <CompanyPage /> },
              { path: 'imports', element: <ImportsPage /> },
              { path: 'imports/new', element: <ImportWizardPage /> },
              { path: 'imports/:id', element: <ImportDetailPage /> },
              { path: 'duplicates', element: <DuplicatesPage /> },
              {
                path: 'settings',
                element: <SettingsLayout />,
                children: [
                  { index: true, element: <Navigate to="workspace" replace /> },
                  { path: 'workspace', element: <WorkspaceSettings /> },
                  { path: 'users', element: <UsersSettings /> },
                  { path: 'teams', element: <TeamsSettings /> },
                  { path: 'api-keys', element: <ApiKeysSettings /> },
                  { path: 'custom-fields', element: <CustomFieldsSettings /> },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];

const router = createBrowserRouter(routes);

// The page the app opens on starts loading its chunk now, beside the session check, rather than
// once the session is known: one network round trip less before the first rows.
for (const match of matchRoutes(routes, window.location) ?? []) {
  const page = (match.route.element as ReactElement | undefined)?.type as
    | { preload?: () => void }
    | undefined;
  page?.preload?.();
}

// A 401 from any call means the session ended: forget cached data and sign in again, then come back.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === '/sign-in') return;
  queryClient.clear();
  adoptSession(null);
  void router.navigate(signInPath(pathname + search), { replace: true });
});

export function AppRouter() {
  return <RouterProvider router={router} />;
}
