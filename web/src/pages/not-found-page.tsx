import { Link } from 'react-router';
import { usePageTitle } from '../components/use-page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <section className="page narrow">
      <h1>Nothing here</h1>
      <p>
        This address is not a page of facetag. <Link to="/">Go to people</Link>.
      </p>
    </section>
  );
}
