import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/error-message';
import { displayName, plural } from '../../components/person-name';

/** Who appears on the same photos, most shared photos first; each opens the photos showing both. */
export function PersonCompanions({ personId }: { personId: string }) {
  const companions = useQuery(queries.companions(personId));
  if (companions.isPending) return <Loading what="companions" />;
  if (companions.isError) return <ErrorMessage error={companions.error} title="Could not load who appears with them" onRetry={() => void companions.refetch()} />;
  const items = [...companions.data.items].sort((a, b) => b.photos - a.photos);
  if (items.length === 0) return <p className="empty">No one else appears on their photos.</p>;
  const most = items[0]?.photos ?? 1;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Shared photos</th>
          <th scope="col">
            <span className="visually-hidden">Photos together</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.personId}>
            <td>
              <Link to={`/people/${c.personId}`}>{displayName({ id: c.personId, name: c.name })}</Link>
            </td>
            <td>
              <span className="bar" style={{ width: `${Math.max(4, (c.photos / most) * 120)}px` }} aria-hidden="true" /> {plural(c.photos, 'photo')}
            </td>
            <td>
              <Link to={`/search?people=${personId},${c.personId}`}>Photos together</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
