/** Dataset versioning: content-addressed versions of workspace files, their profiles, diffs, splits and lineage. */
export * from './types';
export { addVersion, withDatasets, useDataset, runsOfVersion, readManifest, readProfile, versionOf, type AddOptions } from './datasetStore';
export { checkout, type CheckoutResult } from './checkout';
export { splitVersion, assignRows, type SplitOptions, type SplitPart } from './split';
export { leakageCheck, type LeakageReport } from './leakage';
export { diffVersions, diffManifests, diffProfiles, psiOf, ksOf, PSI_THRESHOLD, type VersionDiff, type TableDiff, type FileDiff, type ColumnDrift } from './diff';
export { hashFile, HASH_ALGORITHM } from './hashing';
export { profileTable, profileManifest, type DatasetProfile, type TableProfile, type ColumnProfile } from './profile';
export { scanTable, tableFormatOf, type TableFormat, type Cell } from './tables';
