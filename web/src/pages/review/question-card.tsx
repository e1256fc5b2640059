import { Link } from 'react-router';
import type { Face, Person, Question } from '../../api/types';
import { FaceCrop } from '../../components/face-crop';
import { countsLine, displayName } from '../../components/person-name';

/** The question in words and pictures: a face beside the person it may be, or two people's faces side by side. */
export function QuestionCard({ question }: { question: Question }) {
  if (question.kind === 'face-person') {
    const { face, person } = question;
    return (
      <article className="question" aria-labelledby={`q-${question.id}`}>
        <h2 id={`q-${question.id}`} className="question-title">
          Is this {person.name ?? <span className="is-unnamed">{displayName(person)}</span>}?
        </h2>
        <div className="question-pair">
          <figure>
            <FaceCrop faceId={face.id} alt="The face in question" size={220} />
            <figcaption>
              This face · <Link to={`/photos/${face.photoId}`}>its photo</Link>
            </figcaption>
          </figure>
          <Similarity value={question.similarity} />
          <PersonFigure person={person} />
        </div>
      </article>
    );
  }
  return (
    <article className="question" aria-labelledby={`q-${question.id}`}>
      <h2 id={`q-${question.id}`} className="question-title">
        Are these the same person?
      </h2>
      <div className="question-pair">
        <FaceStrip person={question.a} faces={question.aFaces} />
        <Similarity value={question.similarity} />
        <FaceStrip person={question.b} faces={question.bFaces} />
      </div>
    </article>
  );
}

function PersonFigure({ person }: { person: Person }) {
  return (
    <figure>
      <FaceCrop faceId={person.coverFaceId} alt={`Best face of ${displayName(person)}`} size={220} />
      <figcaption>
        <Link to={`/people/${person.id}`}>{displayName(person)}</Link> · {countsLine(person)}
      </figcaption>
    </figure>
  );
}

function FaceStrip({ person, faces }: { person: Person; faces: Face[] }) {
  const shown = faces.length > 0 ? faces.slice(0, 4) : [];
  return (
    <figure className="face-strip">
      <div className="face-strip-grid">
        {shown.length === 0 ? <FaceCrop faceId={person.coverFaceId} alt={`Best face of ${displayName(person)}`} size={220} /> : null}
        {shown.map((f, i) => (
          <FaceCrop key={f.id} faceId={f.id} alt={`Face ${i + 1} of ${displayName(person)}`} size={shown.length === 1 ? 220 : 106} />
        ))}
      </div>
      <figcaption>
        <Link to={`/people/${person.id}`}>{displayName(person)}</Link> · {countsLine(person)}
      </figcaption>
    </figure>
  );
}

function Similarity({ value }: { value: number }) {
  return (
    <div className="similarity" aria-label={`Similarity ${value.toFixed(2)}`}>
      <span className="similarity-value">{value.toFixed(2)}</span>
      <span className="muted small">similarity</span>
    </div>
  );
}
