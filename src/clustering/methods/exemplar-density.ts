import { planClustering } from '../plan-clustering.js';
import type { ClusteringMethod } from './method.js';

export const exemplarDensityMethod: ClusteringMethod = {
  name: 'exemplar-density',
  summary:
    "join a known person by the mean similarity to its closest faces with a margin over the runner-up; " +
    'new people from a constrained DBSCAN over the kNN graph of good-quality unassigned faces',
  plan: planClustering,
  plansFromNeighbourhood: true,
};
