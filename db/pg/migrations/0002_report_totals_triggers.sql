-- report_totals is kept by these triggers, as SQLite's migration 0002 keeps it: one line per report holding the
-- inputs of the derived measures. Each insert, update or delete of a 表三 or 表四 row rewrites that row's cells in its
-- report's line. SQLite's trigger bodies become one PL/pgSQL function per table; INSERT OR IGNORE becomes
-- ON CONFLICT DO NOTHING. The trigger names are SQLite's (tests/pg-schema.test.ts compares them).
CREATE FUNCTION "application_rows_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		UPDATE "report_totals" SET
			"newReceived_total" = CASE WHEN OLD."row" = 'newReceived' THEN NULL ELSE "newReceived_total" END,
			"carriedOver_total" = CASE WHEN OLD."row" = 'carriedOver' THEN NULL ELSE "carriedOver_total" END,
			"granted_total" = CASE WHEN OLD."row" = 'granted' THEN NULL ELSE "granted_total" END,
			"partiallyGranted_total" = CASE WHEN OLD."row" = 'partiallyGranted' THEN NULL ELSE "partiallyGranted_total" END,
			"withheldStateSecret_total" = CASE WHEN OLD."row" = 'withheldStateSecret' THEN NULL ELSE "withheldStateSecret_total" END,
			"withheldLawProhibited_total" = CASE WHEN OLD."row" = 'withheldLawProhibited' THEN NULL ELSE "withheldLawProhibited_total" END,
			"withheldSecurityStability_total" = CASE WHEN OLD."row" = 'withheldSecurityStability' THEN NULL ELSE "withheldSecurityStability_total" END,
			"withheldThirdParty_total" = CASE WHEN OLD."row" = 'withheldThirdParty' THEN NULL ELSE "withheldThirdParty_total" END,
			"withheldInternalAffairs_total" = CASE WHEN OLD."row" = 'withheldInternalAffairs' THEN NULL ELSE "withheldInternalAffairs_total" END,
			"withheldProcessInfo_total" = CASE WHEN OLD."row" = 'withheldProcessInfo' THEN NULL ELSE "withheldProcessInfo_total" END,
			"withheldEnforcementFile_total" = CASE WHEN OLD."row" = 'withheldEnforcementFile' THEN NULL ELSE "withheldEnforcementFile_total" END,
			"withheldQueryMatter_total" = CASE WHEN OLD."row" = 'withheldQueryMatter' THEN NULL ELSE "withheldQueryMatter_total" END,
			"unableNotHeld_total" = CASE WHEN OLD."row" = 'unableNotHeld' THEN NULL ELSE "unableNotHeld_total" END,
			"unableNeedsCreation_total" = CASE WHEN OLD."row" = 'unableNeedsCreation' THEN NULL ELSE "unableNeedsCreation_total" END,
			"unableUnclear_total" = CASE WHEN OLD."row" = 'unableUnclear' THEN NULL ELSE "unableUnclear_total" END,
			"rejectedComplaint_total" = CASE WHEN OLD."row" = 'rejectedComplaint' THEN NULL ELSE "rejectedComplaint_total" END,
			"rejectedDuplicate_total" = CASE WHEN OLD."row" = 'rejectedDuplicate' THEN NULL ELSE "rejectedDuplicate_total" END,
			"rejectedPublication_total" = CASE WHEN OLD."row" = 'rejectedPublication' THEN NULL ELSE "rejectedPublication_total" END,
			"rejectedExcessive_total" = CASE WHEN OLD."row" = 'rejectedExcessive' THEN NULL ELSE "rejectedExcessive_total" END,
			"rejectedConfirmation_total" = CASE WHEN OLD."row" = 'rejectedConfirmation' THEN NULL ELSE "rejectedConfirmation_total" END,
			"otherNoCorrection_total" = CASE WHEN OLD."row" = 'otherNoCorrection' THEN NULL ELSE "otherNoCorrection_total" END,
			"otherNoFee_total" = CASE WHEN OLD."row" = 'otherNoFee' THEN NULL ELSE "otherNoFee_total" END,
			"otherOther_total" = CASE WHEN OLD."row" = 'otherOther' THEN NULL ELSE "otherOther_total" END,
			"otherTotal_total" = CASE WHEN OLD."row" = 'otherTotal' THEN NULL ELSE "otherTotal_total" END,
			"handledTotal_total" = CASE WHEN OLD."row" = 'handledTotal' THEN NULL ELSE "handledTotal_total" END,
			"carriedForward_total" = CASE WHEN OLD."row" = 'carriedForward' THEN NULL ELSE "carriedForward_total" END,
			"newReceived_naturalPerson" = CASE WHEN OLD."row" = 'newReceived' THEN NULL ELSE "newReceived_naturalPerson" END
		WHERE "report_id" = OLD."report_id";
		RETURN OLD;
	END IF;
	INSERT INTO "report_totals" ("report_id") VALUES (NEW."report_id") ON CONFLICT ("report_id") DO NOTHING;
	UPDATE "report_totals" SET
		"newReceived_total" = CASE WHEN NEW."row" = 'newReceived' THEN NEW."total" ELSE "newReceived_total" END,
		"carriedOver_total" = CASE WHEN NEW."row" = 'carriedOver' THEN NEW."total" ELSE "carriedOver_total" END,
		"granted_total" = CASE WHEN NEW."row" = 'granted' THEN NEW."total" ELSE "granted_total" END,
		"partiallyGranted_total" = CASE WHEN NEW."row" = 'partiallyGranted' THEN NEW."total" ELSE "partiallyGranted_total" END,
		"withheldStateSecret_total" = CASE WHEN NEW."row" = 'withheldStateSecret' THEN NEW."total" ELSE "withheldStateSecret_total" END,
		"withheldLawProhibited_total" = CASE WHEN NEW."row" = 'withheldLawProhibited' THEN NEW."total" ELSE "withheldLawProhibited_total" END,
		"withheldSecurityStability_total" = CASE WHEN NEW."row" = 'withheldSecurityStability' THEN NEW."total" ELSE "withheldSecurityStability_total" END,
		"withheldThirdParty_total" = CASE WHEN NEW."row" = 'withheldThirdParty' THEN NEW."total" ELSE "withheldThirdParty_total" END,
		"withheldInternalAffairs_total" = CASE WHEN NEW."row" = 'withheldInternalAffairs' THEN NEW."total" ELSE "withheldInternalAffairs_total" END,
		"withheldProcessInfo_total" = CASE WHEN NEW."row" = 'withheldProcessInfo' THEN NEW."total" ELSE "withheldProcessInfo_total" END,
		"withheldEnforcementFile_total" = CASE WHEN NEW."row" = 'withheldEnforcementFile' THEN NEW."total" ELSE "withheldEnforcementFile_total" END,
		"withheldQueryMatter_total" = CASE WHEN NEW."row" = 'withheldQueryMatter' THEN NEW."total" ELSE "withheldQueryMatter_total" END,
		"unableNotHeld_total" = CASE WHEN NEW."row" = 'unableNotHeld' THEN NEW."total" ELSE "unableNotHeld_total" END,
		"unableNeedsCreation_total" = CASE WHEN NEW."row" = 'unableNeedsCreation' THEN NEW."total" ELSE "unableNeedsCreation_total" END,
		"unableUnclear_total" = CASE WHEN NEW."row" = 'unableUnclear' THEN NEW."total" ELSE "unableUnclear_total" END,
		"rejectedComplaint_total" = CASE WHEN NEW."row" = 'rejectedComplaint' THEN NEW."total" ELSE "rejectedComplaint_total" END,
		"rejectedDuplicate_total" = CASE WHEN NEW."row" = 'rejectedDuplicate' THEN NEW."total" ELSE "rejectedDuplicate_total" END,
		"rejectedPublication_total" = CASE WHEN NEW."row" = 'rejectedPublication' THEN NEW."total" ELSE "rejectedPublication_total" END,
		"rejectedExcessive_total" = CASE WHEN NEW."row" = 'rejectedExcessive' THEN NEW."total" ELSE "rejectedExcessive_total" END,
		"rejectedConfirmation_total" = CASE WHEN NEW."row" = 'rejectedConfirmation' THEN NEW."total" ELSE "rejectedConfirmation_total" END,
		"otherNoCorrection_total" = CASE WHEN NEW."row" = 'otherNoCorrection' THEN NEW."total" ELSE "otherNoCorrection_total" END,
		"otherNoFee_total" = CASE WHEN NEW."row" = 'otherNoFee' THEN NEW."total" ELSE "otherNoFee_total" END,
		"otherOther_total" = CASE WHEN NEW."row" = 'otherOther' THEN NEW."total" ELSE "otherOther_total" END,
		"otherTotal_total" = CASE WHEN NEW."row" = 'otherTotal' THEN NEW."total" ELSE "otherTotal_total" END,
		"handledTotal_total" = CASE WHEN NEW."row" = 'handledTotal' THEN NEW."total" ELSE "handledTotal_total" END,
		"carriedForward_total" = CASE WHEN NEW."row" = 'carriedForward' THEN NEW."total" ELSE "carriedForward_total" END,
		"newReceived_naturalPerson" = CASE WHEN NEW."row" = 'newReceived' THEN NEW."naturalPerson" ELSE "newReceived_naturalPerson" END
	WHERE "report_id" = NEW."report_id";
	RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "application_rows_insert_totals" AFTER INSERT ON "application_rows" FOR EACH ROW EXECUTE FUNCTION "application_rows_totals"();--> statement-breakpoint
CREATE TRIGGER "application_rows_update_totals" AFTER UPDATE ON "application_rows" FOR EACH ROW EXECUTE FUNCTION "application_rows_totals"();--> statement-breakpoint
CREATE TRIGGER "application_rows_delete_totals" AFTER DELETE ON "application_rows" FOR EACH ROW EXECUTE FUNCTION "application_rows_totals"();--> statement-breakpoint
CREATE FUNCTION "review_rows_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		UPDATE "report_totals" SET
			"reconsideration_upheld" = CASE WHEN OLD."group" = 'reconsideration' THEN NULL ELSE "reconsideration_upheld" END,
			"reconsideration_corrected" = CASE WHEN OLD."group" = 'reconsideration' THEN NULL ELSE "reconsideration_corrected" END,
			"reconsideration_other" = CASE WHEN OLD."group" = 'reconsideration' THEN NULL ELSE "reconsideration_other" END,
			"reconsideration_pending" = CASE WHEN OLD."group" = 'reconsideration' THEN NULL ELSE "reconsideration_pending" END,
			"reconsideration_total" = CASE WHEN OLD."group" = 'reconsideration' THEN NULL ELSE "reconsideration_total" END,
			"litigationDirect_upheld" = CASE WHEN OLD."group" = 'litigationDirect' THEN NULL ELSE "litigationDirect_upheld" END,
			"litigationDirect_corrected" = CASE WHEN OLD."group" = 'litigationDirect' THEN NULL ELSE "litigationDirect_corrected" END,
			"litigationDirect_other" = CASE WHEN OLD."group" = 'litigationDirect' THEN NULL ELSE "litigationDirect_other" END,
			"litigationDirect_pending" = CASE WHEN OLD."group" = 'litigationDirect' THEN NULL ELSE "litigationDirect_pending" END,
			"litigationDirect_total" = CASE WHEN OLD."group" = 'litigationDirect' THEN NULL ELSE "litigationDirect_total" END,
			"litigationAfterReconsideration_upheld" = CASE WHEN OLD."group" = 'litigationAfterReconsideration' THEN NULL ELSE "litigationAfterReconsideration_upheld" END,
			"litigationAfterReconsideration_corrected" = CASE WHEN OLD."group" = 'litigationAfterReconsideration' THEN NULL ELSE "litigationAfterReconsideration_corrected" END,
			"litigationAfterReconsideration_other" = CASE WHEN OLD."group" = 'litigationAfterReconsideration' THEN NULL ELSE "litigationAfterReconsideration_other" END,
			"litigationAfterReconsideration_pending" = CASE WHEN OLD."group" = 'litigationAfterReconsideration' THEN NULL ELSE "litigationAfterReconsideration_pending" END,
			"litigationAfterReconsideration_total" = CASE WHEN OLD."group" = 'litigationAfterReconsideration' THEN NULL ELSE "litigationAfterReconsideration_total" END
		WHERE "report_id" = OLD."report_id";
		RETURN OLD;
	END IF;
	INSERT INTO "report_totals" ("report_id") VALUES (NEW."report_id") ON CONFLICT ("report_id") DO NOTHING;
	UPDATE "report_totals" SET
		"reconsideration_upheld" = CASE WHEN NEW."group" = 'reconsideration' THEN NEW."upheld" ELSE "reconsideration_upheld" END,
		"reconsideration_corrected" = CASE WHEN NEW."group" = 'reconsideration' THEN NEW."corrected" ELSE "reconsideration_corrected" END,
		"reconsideration_other" = CASE WHEN NEW."group" = 'reconsideration' THEN NEW."other" ELSE "reconsideration_other" END,
		"reconsideration_pending" = CASE WHEN NEW."group" = 'reconsideration' THEN NEW."pending" ELSE "reconsideration_pending" END,
		"reconsideration_total" = CASE WHEN NEW."group" = 'reconsideration' THEN NEW."total" ELSE "reconsideration_total" END,
		"litigationDirect_upheld" = CASE WHEN NEW."group" = 'litigationDirect' THEN NEW."upheld" ELSE "litigationDirect_upheld" END,
		"litigationDirect_corrected" = CASE WHEN NEW."group" = 'litigationDirect' THEN NEW."corrected" ELSE "litigationDirect_corrected" END,
		"litigationDirect_other" = CASE WHEN NEW."group" = 'litigationDirect' THEN NEW."other" ELSE "litigationDirect_other" END,
		"litigationDirect_pending" = CASE WHEN NEW."group" = 'litigationDirect' THEN NEW."pending" ELSE "litigationDirect_pending" END,
		"litigationDirect_total" = CASE WHEN NEW."group" = 'litigationDirect' THEN NEW."total" ELSE "litigationDirect_total" END,
		"litigationAfterReconsideration_upheld" = CASE WHEN NEW."group" = 'litigationAfterReconsideration' THEN NEW."upheld" ELSE "litigationAfterReconsideration_upheld" END,
		"litigationAfterReconsideration_corrected" = CASE WHEN NEW."group" = 'litigationAfterReconsideration' THEN NEW."corrected" ELSE "litigationAfterReconsideration_corrected" END,
		"litigationAfterReconsideration_other" = CASE WHEN NEW."group" = 'litigationAfterReconsideration' THEN NEW."other" ELSE "litigationAfterReconsideration_other" END,
		"litigationAfterReconsideration_pending" = CASE WHEN NEW."group" = 'litigationAfterReconsideration' THEN NEW."pending" ELSE "litigationAfterReconsideration_pending" END,
		"litigationAfterReconsideration_total" = CASE WHEN NEW."group" = 'litigationAfterReconsideration' THEN NEW."total" ELSE "litigationAfterReconsideration_total" END
	WHERE "report_id" = NEW."report_id";
	RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "review_rows_insert_totals" AFTER INSERT ON "review_rows" FOR EACH ROW EXECUTE FUNCTION "review_rows_totals"();--> statement-breakpoint
CREATE TRIGGER "review_rows_update_totals" AFTER UPDATE ON "review_rows" FOR EACH ROW EXECUTE FUNCTION "review_rows_totals"();--> statement-breakpoint
CREATE TRIGGER "review_rows_delete_totals" AFTER DELETE ON "review_rows" FOR EACH ROW EXECUTE FUNCTION "review_rows_totals"();
