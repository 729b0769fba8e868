// Public surface of smtp/local/: trusted local submissions — the pickup folder and the message
// submission behind `mailstead sendmail` — delivered through the DeliveryTarget as a `local` client.
export { startPickupFolder, isPickupName, type PickupFolder, type PickupFolderOptions } from './pickup-folder.ts';
export { submitLocal, type LocalLimits, type LocalOutcome, type LocalSubmissionOptions, type RefusedRecipient } from './submit.ts';
export { type EnvelopeRules } from './local-envelope.ts';
export { localClient, primaryLocalDomain } from '../../delivery/index.ts';
