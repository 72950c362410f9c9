import { Navigate, Outlet, useLocation } from 'react-router';
import { SessionContext, useSessionQuery } from '../api/session';
import { PageLoader } from './PageLoader';
import { signInPath } from './paths';
import { RouteErrorView } from './RouteError';

/** Lets signed-in users through; everyone else goes to sign-in and comes back here afterwards. */
export function RequireSession() {
  const location = useLocation();
  const { data: session, isPending, error, refetch } = useSessionQuery();
  if (isPending) return <PageLoader fullScreen />;
  if (error) return <RouteErrorView error={error} onRetry={() => void refetch()} />;
  if (!session) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return (
    <SessionContext.Provider value={session}>
      <Outlet />
    </SessionContext.Provider>
  );
}
