import { useId, useState, type FormEvent } from 'react';
import { signInWith } from '../../api/session';
import { usePageTitle } from '../../components/use-page-title';

/**
 * Shown instead of any page while the server answers 401. Submitting opens the current page with ?token=, which
 * sets the session cookie on the server and comes back here without the token in the address.
 */
export function SignInPage() {
  usePageTitle('Sign in');
  const [token, setToken] = useState('');
  // A wrong token leaves ?token= in the address (the server only redirects away from a right one).
  const rejected = new URLSearchParams(window.location.search).has('token');
  const inputId = useId();
  const helpId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim() !== '') signInWith(token);
  };
  return (
    <section className="page sign-in">
      <div className="card sign-in-card">
        <h1>Sign in to facetag</h1>
        <p id={helpId} className="muted">
          This library needs its access token. <code>facetag serve</code> printed a link with it when it started (
          <code>open http://…/?token=…</code>); the token is also kept in the library folder, in <code>server-token</code>.
        </p>
        {rejected ? (
          <p className="error-message" role="alert">
            That token was not accepted. Check it against the one <code>facetag serve</code> printed.
          </p>
        ) : null}
        <form onSubmit={submit} className="stack">
          <label htmlFor={inputId}>Access token</label>
          <input
            id={inputId}
            className="input"
            type="password"
            name="token"
            autoComplete="current-password"
            aria-describedby={helpId}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            required
            autoFocus
          />
          <button type="submit" className="button button-primary">
            Sign in
          </button>
        </form>
      </div>
    </section>
  );
}
