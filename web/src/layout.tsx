import { NavLink, Outlet, useLocation } from 'react-router';
import { useSessionState } from './api/session';
import { ErrorBoundary } from './components/error-boundary';
import { SignInPage } from './pages/sign-in/sign-in-page';

const SECTIONS = [
  { to: '/', label: 'People', end: true },
  { to: '/unknown', label: 'Unknown faces' },
  { to: '/review', label: 'Review' },
  { to: '/search', label: 'Search' },
  { to: '/graph', label: 'Graph' },
  { to: '/status', label: 'Status' },
];

/** The header and navigation every page shares; without a session the page is the token form. */
export function Layout() {
  const session = useSessionState();
  const location = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label="facetag, people">
          <span className="brand-mark" aria-hidden="true" />
          facetag
        </NavLink>
        {session === 'signed-out' ? null : (
          <nav aria-label="Sections">
            <ul className="nav-list">
              {SECTIONS.map((s) => (
                <li key={s.to}>
                  <NavLink to={s.to} end={s.end} className="nav-link">
                    {s.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {session === 'signed-out' ? (
          <SignInPage />
        ) : (
          <ErrorBoundary key={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        )}
      </main>
    </>
  );
}
