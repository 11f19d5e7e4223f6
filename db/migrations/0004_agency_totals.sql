CREATE TABLE `agency_totals` (
	`agency_id` integer PRIMARY KEY NOT NULL,
	`newReceived_total` integer,
	`carriedOver_total` integer,
	`granted_total` integer,
	`partiallyGranted_total` integer,
	`withheldStateSecret_total` integer,
	`withheldLawProhibited_total` integer,
	`withheldSecurityStability_total` integer,
	`withheldThirdParty_total` integer,
	`withheldInternalAffairs_total` integer,
	`withheldProcessInfo_total` integer,
	`withheldEnforcementFile_total` integer,
	`withheldQueryMatter_total` integer,
	`unableNotHeld_total` integer,
	`unableNeedsCreation_total` integer,
	`unableUnclear_total` integer,
	`rejectedComplaint_total` integer,
	`rejectedDuplicate_total` integer,
	`rejectedPublication_total` integer,
	`rejectedExcessive_total` integer,
	`rejectedConfirmation_total` integer,
	`otherNoCorrection_total` integer,
	`otherNoFee_total` integer,
	`otherOther_total` integer,
	`otherTotal_total` integer,
	`handledTotal_total` integer,
	`carriedForward_total` integer,
	`newReceived_naturalPerson` integer,
	`reconsideration_upheld` integer,
	`reconsideration_corrected` integer,
	`reconsideration_other` integer,
	`reconsideration_pending` integer,
	`reconsideration_total` integer,
	`litigationDirect_upheld` integer,
	`litigationDirect_corrected` integer,
	`litigationDirect_other` integer,
	`litigationDirect_pending` integer,
	`litigationDirect_total` integer,
	`litigationAfterReconsideration_upheld` integer,
	`litigationAfterReconsideration_corrected` integer,
	`litigationAfterReconsideration_other` integer,
	`litigationAfterReconsideration_pending` integer,
	`litigationAfterReconsideration_total` integer,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Fill in the agencies stored before this migration: report_totals summed over each agency's current reports.
INSERT INTO `agency_totals` (`agency_id`, `newReceived_total`, `carriedOver_total`, `granted_total`, `partiallyGranted_total`, `withheldStateSecret_total`, `withheldLawProhibited_total`, `withheldSecurityStability_total`, `withheldThirdParty_total`, `withheldInternalAffairs_total`, `withheldProcessInfo_total`, `withheldEnforcementFile_total`, `withheldQueryMatter_total`, `unableNotHeld_total`, `unableNeedsCreation_total`, `unableUnclear_total`, `rejectedComplaint_total`, `rejectedDuplicate_total`, `rejectedPublication_total`, `rejectedExcessive_total`, `rejectedConfirmation_total`, `otherNoCorrection_total`, `otherNoFee_total`, `otherOther_total`, `otherTotal_total`, `handledTotal_total`, `carriedForward_total`, `newReceived_naturalPerson`, `reconsideration_upheld`, `reconsideration_corrected`, `reconsideration_other`, `reconsideration_pending`, `reconsideration_total`, `litigationDirect_upheld`, `litigationDirect_corrected`, `litigationDirect_other`, `litigationDirect_pending`, `litigationDirect_total`, `litigationAfterReconsideration_upheld`, `litigationAfterReconsideration_corrected`, `litigationAfterReconsideration_other`, `litigationAfterReconsideration_pending`, `litigationAfterReconsideration_total`)
SELECT r.`agency_id`, sum(t.`newReceived_total`), sum(t.`carriedOver_total`), sum(t.`granted_total`), sum(t.`partiallyGranted_total`), sum(t.`withheldStateSecret_total`), sum(t.`withheldLawProhibited_total`), sum(t.`withheldSecurityStability_total`), sum(t.`withheldThirdParty_total`), sum(t.`withheldInternalAffairs_total`), sum(t.`withheldProcessInfo_total`), sum(t.`withheldEnforcementFile_total`), sum(t.`withheldQueryMatter_total`), sum(t.`unableNotHeld_total`), sum(t.`unableNeedsCreation_total`), sum(t.`unableUnclear_total`), sum(t.`rejectedComplaint_total`), sum(t.`rejectedDuplicate_total`), sum(t.`rejectedPublication_total`), sum(t.`rejectedExcessive_total`), sum(t.`rejectedConfirmation_total`), sum(t.`otherNoCorrection_total`), sum(t.`otherNoFee_total`), sum(t.`otherOther_total`), sum(t.`otherTotal_total`), sum(t.`handledTotal_total`), sum(t.`carriedForward_total`), sum(t.`newReceived_naturalPerson`), sum(t.`reconsideration_upheld`), sum(t.`reconsideration_corrected`), sum(t.`reconsideration_other`), sum(t.`reconsideration_pending`), sum(t.`reconsideration_total`), sum(t.`litigationDirect_upheld`), sum(t.`litigationDirect_corrected`), sum(t.`litigationDirect_other`), sum(t.`litigationDirect_pending`), sum(t.`litigationDirect_total`), sum(t.`litigationAfterReconsideration_upheld`), sum(t.`litigationAfterReconsideration_corrected`), sum(t.`litigationAfterReconsideration_other`), sum(t.`litigationAfterReconsideration_pending`), sum(t.`litigationAfterReconsideration_total`)
FROM `reports` r INNER JOIN `report_totals` t ON t.`report_id` = r.`id`
WHERE r.`is_current` = 1
GROUP BY r.`agency_id`;
