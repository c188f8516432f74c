// Public surface of the cost model: CPU profiles (data with sources), their loader, the pricing
// of one exit, and the evaluation of a profile against its published figures.
export * from './types';
export { DEFAULT_ERA, eraOf, parseProfile, parseParamSet, supportedPaths } from './profile-schema';
export { loadProfiles, findProfile, defaultProfilesDir, profilesDirOf } from './load-profiles';
export type { LoadedProfiles, ProfileProblem } from './load-profiles';
export { priceExit, priceExitCycles, cyclesToNs, COMPONENT_INDEX } from './pricing';
export { exitPathOf } from './price-terms';
export { priceGuest, guestTableOf } from './guest-pricing';
export type { ExitCost, PricedComponent } from './pricing';
export { runCheck, runChecks } from './profile-checks-run';
export type { CheckBasis, CheckResult } from './profile-checks-run';
export { GUEST_LOOPS } from './guest-loops';
export { referenceSteps, stepsFromCounters, factsUnder, opOfRecord, DEFAULT_DOORBELL_FORM } from './reprice';
export { deviceClassForPort } from './device-classes';
export type { DecoderCounters, ReferenceSteps, RepriceOptions } from './reprice';
export { summarizeProfile, profileDetail } from './profile-summary';
export type { ProfileSummary, ProfileDetail, CheckResultJson } from './profile-summary';
