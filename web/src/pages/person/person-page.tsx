import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/error-message';
import { displayName } from '../../components/person-name';
import { Tabs } from '../../components/tabs';
import { usePageTitle } from '../../components/use-page-title';
import { PersonAnnotate } from './person-annotate';
import { PersonCompanions } from './person-companions';
import { PersonFaces } from './person-faces';
import { PersonHeader } from './person-header';
import { PersonSuggestions } from './person-suggestions';
import { PersonTimeline } from './person-timeline';

const TABS = [
  { id: 'faces', label: 'Faces' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'with', label: 'Appears with' },
];

/** One person: their faces to check and correct, their photos over time, and who they appear with. */
export function PersonPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = TABS.some((t) => t.id === params.get('tab')) ? params.get('tab')! : 'faces';
  const person = useQuery(queries.person(id));
  usePageTitle(person.data ? displayName(person.data) : 'Person');

  if (person.isPending) return <Loading what="the person" />;
  if (person.isError) {
    return (
      <section className="page">
        <ErrorMessage error={person.error} title={`Could not load ${id}`} onRetry={() => void person.refetch()} />
        <p>
          <Link to="/">Back to people</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">People</Link> <span aria-hidden="true">/</span> <span aria-current="page">{displayName(person.data)}</span>
      </nav>
      <PersonHeader person={person.data} />
      <PersonSuggestions personId={id} />
      <PersonAnnotate personId={id} />
      <Tabs tabs={TABS} current={tab} label="Person views" onChange={(next) => setParams(next === 'faces' ? {} : { tab: next }, { replace: true })}>
        {tab === 'faces' ? <PersonFaces key={id} person={person.data} /> : null}
        {tab === 'timeline' ? <PersonTimeline personId={id} /> : null}
        {tab === 'with' ? <PersonCompanions personId={id} /> : null}
      </Tabs>
    </section>
  );
}
