import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from './components/error-message';
import { Layout } from './layout';
import { NotFoundPage } from './pages/not-found-page';
import { PeoplePage } from './pages/people/people-page';
import { PersonPage } from './pages/person/person-page';
import { PhotoPage } from './pages/photo/photo-page';
import { ReviewPage } from './pages/review/review-page';
import { SearchPage } from './pages/search/search-page';
import { StatusPage } from './pages/status/status-page';
import { UnknownPage } from './pages/unknown/unknown-page';

// sigma and graphology are most of the bundle: load them when the graph is opened.
const GraphPage = lazy(async () => ({ default: (await import('./pages/graph/graph-page')).GraphPage }));

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<PeoplePage />} />
        <Route path="people/:id" element={<PersonPage />} />
        <Route path="unknown" element={<UnknownPage />} />
        <Route path="review" element={<ReviewPage />} />
        <Route path="photos/:id" element={<PhotoPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route
          path="graph"
          element={
            <Suspense fallback={<Loading what="the graph" />}>
              <GraphPage />
            </Suspense>
          }
        />
        <Route path="status" element={<StatusPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
