import type { ReviewProgress } from '../../api/types';

/** "12 answered · 312 of 400 faces settled (78 %) · about 40 more questions would settle 90 % of faces" */
export function ReviewProgressLine({ progress }: { progress: ReviewProgress }) {
  const share = progress.facesTotal === 0 ? 1 : progress.facesSettled / progress.facesTotal;
  return (
    <div className="review-progress" role="status" aria-live="polite">
      <progress max={1} value={share} aria-label="Faces settled" />
      <p>
        <strong>{progress.answered} answered</strong> · {progress.facesSettled.toLocaleString('en')} of {progress.facesTotal.toLocaleString('en')} faces settled (
        {Math.round(share * 100)} %) ·{' '}
        {progress.questionsFor90 === null
          ? `${progress.remaining} questions left`
          : progress.questionsFor90 === 0
            ? '90 % of faces are settled'
            : `about ${progress.questionsFor90} more questions would settle 90 % of faces`}
      </p>
    </div>
  );
}
