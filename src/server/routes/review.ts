import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Problem } from '../schemas/library.js';
import { ReviewAnswerBody, ReviewAnswered, ReviewNext, ReviewNextQuery, ReviewUndone } from '../schemas/review.js';

const tags = ['review'];

/** The review queue: the most informative question first, answers recorded as corrections, undo. */
export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib } = app.ctx;

  app.get(
    '/api/review/next',
    {
      schema: {
        tags,
        summary: 'the next questions, best first (an answer near a decision boundary, or one that moves many faces), and progress',
        querystring: ReviewNextQuery,
        response: { 200: ReviewNext, 400: Problem },
      },
    },
    async (request) => lib.reviewNext(request.query.count),
  );

  app.post(
    '/api/review/answers',
    {
      schema: {
        tags,
        summary: 'answer a question: yes/no become an assignment, not-this-person, a merge or different-people; skip moves it to the end',
        body: ReviewAnswerBody,
        response: { 200: ReviewAnswered, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => lib.reviewAnswer(request.body.questionId, request.body.answer),
  );

  app.post(
    '/api/review/undo',
    { schema: { tags, summary: "take back this server session's latest answer", response: { 200: ReviewUndone, 409: Problem } } },
    async () => lib.reviewUndo(),
  );
};
