import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useOptimisticMutation } from '../../api/optimistic';
import { queries } from '../../api/queries';
import type { Suggestion } from '../../api/types';

/**
 * A language model's pending suggestions about the person (facetag annotate), each with its evidence, to accept
 * (a name names the person) or reject (never suggested again). Nothing shows when there are none.
 */
export function PersonSuggestions({ personId }: { personId: string }) {
  const pending = useQuery(queries.personSuggestions(personId));
  const decide = useOptimisticMutation({
    mutationFn: ({ suggestion, verb }: { suggestion: Suggestion; verb: 'accept' | 'reject' }) => api.decideSuggestion(suggestion.id, verb),
    touches: [['people', 'suggestions']],
    done: (_r, { suggestion, verb }) => `${verb === 'accept' ? 'Accepted' : 'Rejected'} ${suggestion.kind} “${suggestion.value}”`,
  });
  const items = pending.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card stack person-suggestions" aria-label="Suggestions">
      <h2>Suggestions</h2>
      <p className="muted small">From a language model; nothing changes until you accept.</p>
      <ul className="stack suggestion-list">
        {items.map((s) => (
          <li key={s.id}>
            <strong>{s.kind}</strong> {s.value} <span className="muted small">({Math.round(s.confidence * 100)} % sure, {s.model})</span>{' '}
            {s.evidence.length > 0 ? <p className="muted small">because: {s.evidence.join('; ')}</p> : null}
            <button type="button" className="button button-primary" disabled={decide.isPending} onClick={() => decide.mutate({ suggestion: s, verb: 'accept' })}>
              Accept {s.kind} {s.id}
            </button>{' '}
            <button type="button" className="button button-quiet" disabled={decide.isPending} onClick={() => decide.mutate({ suggestion: s, verb: 'reject' })}>
              Reject {s.kind} {s.id}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
