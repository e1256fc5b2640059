import type { QueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useOptimisticMutation } from '../../api/optimistic';
import type { Face, PhotoWithFaces } from '../../api/types';
import { FaceCrop } from '../../components/face-crop';
import { PersonPicker, type PersonChoice } from '../../components/person-picker';
import { displayName } from '../../components/person-name';

/** The face picked on the photo: who it is, and the box to say who it really is (or that it is not them). */
export function FaceEditor({ face, photoId, onDone }: { face: Face; photoId: string; onDone: () => void }) {
  const photoKey = ['photos', 'one', photoId];
  const setPerson = (personId: string | null, personName: string | null) => (client: QueryClient) =>
    client.setQueryData<PhotoWithFaces>(photoKey, (p) =>
      p === undefined ? p : { ...p, faceList: p.faceList.map((f) => (f.id === face.id ? { ...f, personId, personName, source: 'user' as const } : f)) },
    );

  const assign = useOptimisticMutation({
    mutationFn: (to: PersonChoice) => (to.kind === 'new' ? api.createPerson({ name: to.name, faceIds: [face.id] }) : api.moveFaces([face.id], to.person.id)),
    touches: [photoKey],
    apply: (client, to) => (to.kind === 'new' ? setPerson('…', to.name)(client) : setPerson(to.person.id, to.person.name)(client)),
    done: (person) => `This face is now ${displayName(person)}`,
    onSuccess: onDone,
  });
  const reject = useOptimisticMutation({
    mutationFn: (personId: string) => api.reject(personId, [face.id]),
    touches: [photoKey],
    apply: setPerson(null, null),
    done: () => 'The face left that person for good',
  });

  const current = face.personId === null ? null : (face.personName ?? `unnamed ${face.personId}`);
  return (
    <div className="face-editor card" aria-label="Selected face">
      <div className="face-editor-head">
        <FaceCrop faceId={face.id} alt="The selected face" size={72} />
        <div>
          <p className="muted small">This face is</p>
          {face.personId === null ? <p className="face-editor-name">not anyone yet</p> : <p className="face-editor-name"><Link to={`/people/${face.personId}`}>{current}</Link></p>}
        </div>
      </div>
      <PersonPicker label={face.personId === null ? 'Who is this?' : 'Correct: who is this really?'} allowNew exclude={face.personId === null ? [] : [face.personId]} autoFocus disabled={assign.isPending} onPick={(to) => assign.mutate(to)} />
      {face.personId !== null ? (
        <button type="button" className="button button-danger" disabled={reject.isPending} onClick={() => reject.mutate(face.personId!)}>
          Not {current}
        </button>
      ) : null}
    </div>
  );
}
