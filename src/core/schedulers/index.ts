// A pure model of the Linux IPVS schedulers (net/netfilter/ipvs/ip_vs_*.c): which real server the kernel gives each
// request of a run, and so the split to expect next to the measured one. No I/O.
export { compareSplit, type MeasuredSplit, type ServerComparison, type SplitComparison } from './compare';
export { SCHEDULER_INFO, type SchedulerInfo, type SchedulerKind } from './info';
export type { HeldConnections, ModelInput, ModelServer, Prediction, PredictionKind, SplitCheck } from './model';
export { RULES, predict, serviceOrder } from './predict';
export type { RoundRobinState } from './roundRobin';
