package survey

import (
	"fmt"
	"regexp"
	"strings"
)

// Shape is the layout of a survey export.
type Shape string

// The export shapes fieldwork reads.
const (
	// Plain has one header row of question ids (or texts); a multiple
	// choice holds its options joined by ";" (or one column per option).
	Plain Shape = "plain"
	// Qualtrics has three header rows: column ids (Q1, Q3_2 ...), question
	// texts, and import ids ({"ImportId":"QID1"}); a multiple choice holds
	// its choices joined by "," (or one column per choice, Q3_1, Q3_2 ...).
	Qualtrics Shape = "qualtrics"
	// LimeSurvey has question codes with sub-questions in brackets
	// (q3[SQ001]): an option column of a multiple choice ("Y" when chosen)
	// or an item of an array question.
	LimeSurvey Shape = "limesurvey"
	// Kobo is KoboToolbox and ODK: group/question column names; a
	// multiple choice holds space-separated codes, or one 0/1 column per
	// option (group/question/option).
	Kobo Shape = "kobo"
	// GoogleForms has a Timestamp column and question texts as headers; a
	// multiple choice holds its options joined by ", ".
	GoogleForms Shape = "google"
)

// Shapes lists the shapes in the order detection tries them.
var Shapes = []Shape{Qualtrics, GoogleForms, LimeSurvey, Kobo, Plain}

// ParseShape reads a shape name (plain, qualtrics, limesurvey, kobo, odk,
// google, google-forms).
func ParseShape(s string) (Shape, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "plain", "csv":
		return Plain, nil
	case "qualtrics":
		return Qualtrics, nil
	case "limesurvey", "lime":
		return LimeSurvey, nil
	case "kobo", "kobotoolbox", "odk":
		return Kobo, nil
	case "google", "google-forms", "googleforms", "forms":
		return GoogleForms, nil
	}
	return "", fmt.Errorf("shape %q: want plain, qualtrics, limesurvey, kobo (or odk) or google", s)
}

// Describe names a shape for people.
func (s Shape) Describe() string {
	switch s {
	case Qualtrics:
		return "Qualtrics (three header rows)"
	case LimeSurvey:
		return "LimeSurvey (codes with [sub-question] columns)"
	case Kobo:
		return "KoboToolbox/ODK (group/question columns)"
	case GoogleForms:
		return "Google Forms (Timestamp and question texts)"
	}
	return "plain (one header row)"
}

// separators are what a multiple-choice cell joins options with.
func (s Shape) separators() []string {
	switch s {
	case Qualtrics:
		return []string{",", ";"}
	case GoogleForms:
		return []string{", ", ";"}
	case Kobo:
		return []string{" "}
	case LimeSurvey:
		return []string{";", "|"}
	}
	return []string{";", "|"}
}

// headerRows is how many rows of headers the shape has.
func (s Shape) headerRows() int {
	if s == Qualtrics {
		return 3
	}
	return 1
}

var (
	limeRe      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*\[[A-Za-z0-9_]+\]$`)
	timestampRe = regexp.MustCompile(`^(timestamp|horodateur|marca temporal|zeitstempel|carimbo de data/hora|informazioni cronologiche)$`)
)

// firstRow is the index of the first row with a non-blank cell.
func (g *Grid) firstRow() int {
	for i, r := range g.Rows {
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				return i
			}
		}
	}
	return len(g.Rows)
}

// DetectShape guesses the export's shape from its header rows:
//
//   - Qualtrics: the third header row holds {"ImportId":...} cells, or the
//     header has both StartDate and ResponseId;
//   - Google Forms: the first column is Timestamp (or its translation);
//   - LimeSurvey: a column named code[SUBCODE], or the header has both
//     submitdate and lastpage;
//   - KoboToolbox/ODK: _uuid, _submission_time, meta/instanceID or KEY
//     columns, or at least two group/question column names;
//   - plain otherwise.
func DetectShape(g *Grid) Shape {
	h := g.firstRow()
	header := map[string]bool{}
	var names []string
	for c := 0; c < g.width(h+1); c++ {
		n := strings.TrimSpace(strings.TrimPrefix(g.cell(h, c), "\ufeff"))
		names = append(names, n)
		header[strings.ToLower(n)] = true
	}
	imports := 0
	for c := range names {
		if strings.HasPrefix(strings.TrimSpace(g.cell(h+2, c)), `{"ImportId"`) {
			imports++
		}
	}
	if imports > 0 && imports*2 >= countNonBlank(names) || header["startdate"] && header["responseid"] {
		return Qualtrics
	}
	if len(names) > 0 && timestampRe.MatchString(strings.ToLower(names[0])) {
		return GoogleForms
	}
	slashes := 0
	for _, n := range names {
		if limeRe.MatchString(n) {
			return LimeSurvey
		}
		if strings.Contains(n, "/") {
			slashes++
		}
	}
	if header["submitdate"] && header["lastpage"] {
		return LimeSurvey
	}
	if header["_uuid"] || header["_submission_time"] || header["meta/instanceid"] || header["key"] && header["submissiondate"] || slashes >= 2 {
		return Kobo
	}
	return Plain
}

func countNonBlank(list []string) int {
	n := 0
	for _, s := range list {
		if s != "" {
			n++
		}
	}
	return n
}

// metaColumns are the columns survey platforms add that are not questions;
// they are never bound to a question by name unless the instrument has a
// question of that id.
var metaColumns = map[string]bool{
	// Qualtrics
	"startdate": true, "enddate": true, "status": true, "ipaddress": true, "progress": true,
	"duration (in seconds)": true, "finished": true, "recordeddate": true, "responseid": true,
	"recipientlastname": true, "recipientfirstname": true, "recipientemail": true, "externalreference": true,
	"locationlatitude": true, "locationlongitude": true, "distributionchannel": true, "userlanguage": true,
	// LimeSurvey
	"id": true, "submitdate": true, "lastpage": true, "startlanguage": true, "seed": true, "startdate_": true,
	"datestamp": true, "token": true, "refurl": true,
	// KoboToolbox / ODK
	"start": true, "end": true, "today": true, "deviceid": true, "_id": true, "_uuid": true,
	"_submission_time": true, "_index": true, "_status": true, "_submitted_by": true, "__version__": true,
	"_validation_status": true, "_notes": true, "_tags": true, "meta/instanceid": true, "meta/instancename": true,
	"key": true, "submissiondate": true, "submitterid": true, "submittername": true, "attachmentspresent": true,
	"attachmentsexpected": true, "reviewstate": true, "deviceid_": true, "edits": true, "formversion": true,
	// respondent ids and links to participants
	"respondent_id": true, "response_id": true, "respondent": true, "participant_id": true, "participant": true,
	// Google Forms
	"timestamp": true, "horodateur": true, "email address": true, "adresse e-mail": true,
}

// idColumns are the column names taken as the respondent id, in order of
// preference, when --id is not given.
var idColumns = []string{"responseid", "response_id", "respondent_id", "respondent", "_uuid", "meta/instanceid", "key", "instanceid", "_id", "id"}

// IsMeta reports whether a column name is one survey platforms add
// (timestamps, ids, progress ...), not a question.
func IsMeta(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if metaColumns[n] {
		return true
	}
	if i := strings.LastIndex(n, "/"); i >= 0 && metaColumns[n[i+1:]] {
		return true
	}
	return false
}
