package survey_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/fieldwork-qda/fieldwork/survey"
)

var update = flag.Bool("update", false, "regenerate internal/demo/corpus/survey from the seeded generator (and golden files)")

const surveyDir = "../internal/demo/corpus/survey"

// The demo survey: the 27 invented focus-group participants of the roster,
// linked by their ids, and 150 invented wider-community respondents, all
// drawn from one seeded generator. Nothing here describes a real person.

type person struct {
	ref, participant            string
	city, gender, pathway       string
	years                       int
	supports, threats           []string
	prio                        map[string]string
	agree                       map[string]string
	satisfaction                int
	date                        string
	weight                      float64
	otherNeeds                  string
	genderMissing, yearsMissing bool
}

var priorities = []string{"prio_documents", "prio_legal", "prio_employment", "prio_security", "prio_police", "prio_mentorship", "prio_networking", "prio_platform", "prio_peer"}
var agreements = []string{"safe_online", "threat_family", "trust_police"}

var openAnswers = []string{
	"Our group needs a place to meet that is not watched, and help to understand which apps are really safe.",
	"The wait for my work permit is the hardest part. I cannot plan anything, not even a course.",
	"Nobody at the police station knew what transnational repression means. We need someone who understands.",
	"I would like a mentor who has done this work in Canada for many years.",
	"My diploma is not recognised, so I clean offices while I write at night.",
	"Peer support helped me more than anything else. Please keep the monthly circle going.",
	"Legal clinics are full. I waited four months for a first appointment.",
	"We should meet activists from here, not only our own community.",
	"A secure platform to share documents between cities would save us a lot of risk.",
	"My mother was questioned again last month. I stopped posting under my name.",
	"Training on how to speak to members of Parliament would be useful for our campaign.",
	"Housing is so expensive that two families share one apartment.",
	"I need help to keep our organisation alive with no money and no office.",
	"Please tell the government that the threats follow us here.",
	"Online harassment is daily. The platforms do not answer our reports.",
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// clamp keeps a scale point in 1..5.
func clamp(x int) int { return max(1, min(5, x)) }

func generate() []person {
	r := rand.New(rand.NewPCG(2026, 5))
	roster := readRoster()
	var out []person
	letters := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	refOf := func() string {
		var b strings.Builder
		b.WriteString("R_")
		for i := 0; i < 15; i++ {
			b.WriteByte(letters[r.IntN(len(letters))])
		}
		return b.String()
	}
	cities := []string{"Montreal", "Ottawa", "Toronto"}
	pathways := []string{"refugee claim", "resettled refugee", "asylum pending", "skilled worker", "family sponsorship", "student permit", "citizen or permanent resident"}
	for i := 0; i < 27+150; i++ {
		p := person{ref: refOf(), prio: map[string]string{}, agree: map[string]string{}}
		if i < 27 {
			row := roster[i]
			p.participant, p.city, p.gender, p.pathway = row[0], row[4], row[5], row[7]
			fmt.Sscan(row[6], &p.years)
		} else {
			p.city = cities[[]int{0, 0, 1, 2, 2}[r.IntN(5)]]
			p.gender = []string{"woman", "man", "non-binary"}[[]int{0, 0, 0, 1, 1, 1, 2}[r.IntN(7)]]
			p.pathway = pick(r, pathways)
			p.years = 1 + r.IntN(15)
			p.genderMissing = r.Float64() < 0.04
			p.yearsMissing = r.Float64() < 0.03
		}
		recent := p.years <= 3
		precarious := p.pathway == "asylum pending" || p.pathway == "refugee claim"
		// Supports used.
		for _, s := range []struct {
			code string
			prob float64
		}{{"legal", 0.45}, {"settlement", 0.6}, {"community", 0.5}, {"faith", 0.2}, {"mental_health", 0.15}, {"employment", 0.3}} {
			pr := s.prob
			if s.code == "legal" && precarious {
				pr += 0.25
			}
			if r.Float64() < pr {
				p.supports = append(p.supports, s.code)
			}
		}
		if len(p.supports) == 0 {
			p.supports = []string{"none"}
		}
		// Threats experienced; more in Toronto and Ottawa.
		tb := map[string]float64{"Montreal": 0.25, "Ottawa": 0.35, "Toronto": 0.45}[p.city]
		for _, t := range []string{"harassment", "family", "surveillance", "hacking", "intimidation"} {
			if r.Float64() < tb {
				p.threats = append(p.threats, t)
			}
		}
		if len(p.threats) == 0 {
			p.threats = []string{"none"}
		}
		// Priorities on a 1-5 scale, shaped by circumstances.
		base := map[string]float64{"prio_documents": 3.6, "prio_legal": 3.8, "prio_employment": 3.9, "prio_security": 3.7, "prio_police": 3.4,
			"prio_mentorship": 3.1, "prio_networking": 3.2, "prio_platform": 3.3, "prio_peer": 3.5}
		for _, q := range priorities {
			m := base[q]
			switch {
			case q == "prio_documents" && precarious, q == "prio_legal" && precarious:
				m += 1.0
			case q == "prio_employment" && recent:
				m += 0.6
			case (q == "prio_security" || q == "prio_police") && len(p.threats) > 1:
				m += 0.9
			case q == "prio_police" && p.city == "Montreal":
				m -= 0.5
			}
			x := clamp(int(math.Round(m + r.NormFloat64()*0.9)))
			v := fmt.Sprint(x)
			switch u := r.Float64(); {
			case u < 0.03:
				v = "98"
			case u < 0.05:
				v = ""
			}
			p.prio[q] = v
		}
		for _, q := range agreements {
			m := map[string]float64{"safe_online": 2.3, "threat_family": 3.2, "trust_police": 3.0}[q]
			if q == "threat_family" && contains(p.threats, "family") {
				m += 1.3
			}
			if q == "safe_online" && contains(p.threats, "harassment") {
				m -= 0.8
			}
			if q == "trust_police" && p.city == "Toronto" {
				m -= 0.6
			}
			x := clamp(int(math.Round(m + r.NormFloat64()*0.9)))
			v := fmt.Sprint(x)
			if r.Float64() < 0.03 {
				v = "99"
			}
			p.agree[q] = v
		}
		p.satisfaction = max(0, min(10, int(math.Round(5.5-float64(len(p.threats))*0.4+r.NormFloat64()*2))))
		day := 2 + r.IntN(27)
		p.date = fmt.Sprintf("2026-04-%02d", day)
		if p.participant != "" {
			p.otherNeeds = openAnswers[i%len(openAnswers)]
		}
		out = append(out, p)
	}
	// Post-stratification weights: the three cities' shares of the wider
	// population (invented) over their shares of the sample.
	pop := map[string]float64{"Montreal": 0.35, "Ottawa": 0.20, "Toronto": 0.45}
	n := map[string]int{}
	for _, p := range out {
		n[p.city]++
	}
	for i := range out {
		out[i].weight = math.Round(pop[out[i].city]/(float64(n[out[i].city])/float64(len(out)))*10000) / 10000
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func readRoster() [][]string {
	f, err := os.Open("../internal/demo/corpus/roster.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		panic(err)
	}
	return rows[1:]
}

// demoInstrument is the instrument of the demo survey (internal/demo/corpus/survey/instrument.yaml).
func demoInstrument(t testing.TB) *survey.Instrument {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(surveyDir, "instrument.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := survey.ParseInstrument("instrument.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// exports renders the generated people in every shape, as file name ->
// bytes (CSV) or rows (for the XLSX).
func exports(t testing.TB) (map[string][]byte, [][]string) {
	in := demoInstrument(t)
	people := generate()
	label := func(qid, code string) string {
		if code == "" {
			return ""
		}
		return in.Question(qid).Label(code)
	}
	labels := func(qid string, codes []string, sep string) string {
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = label(qid, c)
		}
		return strings.Join(out, sep)
	}
	cityCode := map[string]string{"Montreal": "MTL", "Ottawa": "OTT", "Toronto": "TOR"}
	genderCode := func(p person) string {
		if p.genderMissing {
			return "99"
		}
		return p.gender
	}
	years := func(p person) string {
		if p.yearsMissing {
			return "99"
		}
		return fmt.Sprint(p.years)
	}
	pathCode := func(s string) string { return strings.ReplaceAll(s, " ", "_") }
	w := func(f float64) string { return survey.FormatFloat(f) }
	order := []string{"city", "gender", "years_in_canada", "pathway", "supports_used"}
	order = append(order, priorities...)
	order = append(order, agreements...)
	order = append(order, "threats", "satisfaction", "survey_date", "weight", "other_needs")

	// codes is a person's answer to q in codes (multiple joined by sep).
	codes := func(p person, q, sep string) string {
		switch q {
		case "city":
			return cityCode[p.city]
		case "gender":
			return genderCode(p)
		case "years_in_canada":
			return years(p)
		case "pathway":
			return pathCode(p.pathway)
		case "supports_used":
			return strings.Join(p.supports, sep)
		case "threats":
			return strings.Join(p.threats, sep)
		case "satisfaction":
			return fmt.Sprint(p.satisfaction)
		case "survey_date":
			return p.date
		case "weight":
			return w(p.weight)
		case "other_needs":
			return p.otherNeeds
		}
		if v, ok := p.prio[q]; ok {
			return v
		}
		return p.agree[q]
	}
	// labelled is the answer as choice text (Qualtrics, Google Forms).
	labelled := func(p person, q, sep string) string {
		switch q {
		case "supports_used":
			return labels(q, p.supports, sep)
		case "threats":
			return labels(q, p.threats, sep)
		case "years_in_canada", "satisfaction", "survey_date", "weight", "other_needs":
			v := codes(p, q, sep)
			if v == "99" {
				return label(q, v)
			}
			return v
		}
		return label(q, codes(p, q, sep))
	}
	files := map[string][]byte{}
	write := func(name string, rows [][]string) {
		var b bytes.Buffer
		cw := csv.NewWriter(&b)
		cw.WriteAll(rows)
		files[name] = b.Bytes()
	}
	// plain: ids as headers, codes, multiple joined by ";".
	plain := [][]string{append([]string{"respondent_id", "participant_id"}, order...)}
	for _, p := range people {
		row := []string{p.ref, p.participant}
		for _, q := range order {
			row = append(row, codes(p, q, ";"))
		}
		plain = append(plain, row)
	}
	write("plain.csv", plain)
	// Qualtrics: Q1.. column ids, question texts, import ids; choice text;
	// multiple joined by ",".
	meta := []string{"StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId", "UserLanguage"}
	h1 := append(append([]string{}, meta...), "participant_id")
	h2 := append(append([]string{}, "Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)", "Finished", "Recorded Date", "Response ID", "User Language"), "participant_id")
	h3 := []string{}
	for _, m := range meta {
		h3 = append(h3, fmt.Sprintf(`{"ImportId":"%s"}`, strings.ToLower(m[:1])+m[1:]))
	}
	h3 = append(h3, `{"ImportId":"participant_id"}`)
	for i, q := range order {
		h1 = append(h1, fmt.Sprintf("Q%d", i+1))
		h2 = append(h2, in.Question(q).Text)
		h3 = append(h3, fmt.Sprintf(`{"ImportId":"QID%d"}`, i+1))
	}
	qual := [][]string{h1, h2, h3}
	for i, p := range people {
		start := fmt.Sprintf("%s %02d:%02d:00", p.date, 9+i%9, (i*7)%60)
		row := []string{start, start, "IP Address", "100", fmt.Sprint(300 + (i*37)%900), "True", start, p.ref, "EN", p.participant}
		for _, q := range order {
			row = append(row, labelled(p, q, ","))
		}
		qual = append(qual, row)
	}
	write("qualtrics.csv", qual)
	// LimeSurvey: id, submitdate ..., codes; multiple as q[code] Y/blank.
	lh := []string{"id", "submitdate", "lastpage", "startlanguage", "seed", "participant_id"}
	for _, q := range order {
		if in.Question(q).Type == survey.Multiple {
			for _, o := range in.Question(q).Options {
				lh = append(lh, q+"["+o.Code+"]")
			}
			continue
		}
		lh = append(lh, q)
	}
	lime := [][]string{lh}
	for i, p := range people {
		row := []string{fmt.Sprint(i + 1), p.date + " 10:00:00", "6", "en", fmt.Sprint(1000 + i), p.participant}
		for _, q := range order {
			if in.Question(q).Type == survey.Multiple {
				chosen := p.supports
				if q == "threats" {
					chosen = p.threats
				}
				for _, o := range in.Question(q).Options {
					v := ""
					if contains(chosen, o.Code) {
						v = "Y"
					}
					row = append(row, v)
				}
				continue
			}
			row = append(row, codes(p, q, ";"))
		}
		lime = append(lime, row)
	}
	write("limesurvey.csv", lime)
	// KoboToolbox: group/question names, codes, multiple as space-separated
	// codes and one 0/1 column per option.
	group := func(q string) string {
		switch {
		case strings.HasPrefix(q, "prio_"):
			return "priorities/"
		case q == "supports_used" || q == "threats" || contains(agreements, q):
			return "experience/"
		case q == "other_needs" || q == "satisfaction":
			return "closing/"
		}
		return "background/"
	}
	kh := []string{"start", "end", "background/participant_id"}
	for _, q := range order {
		kh = append(kh, group(q)+q)
		if in.Question(q).Type == survey.Multiple {
			for _, o := range in.Question(q).Options {
				kh = append(kh, group(q)+q+"/"+o.Code)
			}
		}
	}
	kh = append(kh, "_id", "_uuid", "_submission_time", "_index")
	kobo := [][]string{kh}
	for i, p := range people {
		row := []string{p.date + "T10:00:00.000-04:00", p.date + "T10:12:00.000-04:00", p.participant}
		for _, q := range order {
			row = append(row, codes(p, q, " "))
			if in.Question(q).Type == survey.Multiple {
				chosen := p.supports
				if q == "threats" {
					chosen = p.threats
				}
				for _, o := range in.Question(q).Options {
					v := "0"
					if contains(chosen, o.Code) {
						v = "1"
					}
					row = append(row, v)
				}
			}
		}
		row = append(row, fmt.Sprint(50000+i), fmt.Sprintf("%08x-0000-4000-8000-%012x", 0x1000+i, i), p.date+"T14:12:00", fmt.Sprint(i+1))
		kobo = append(kobo, row)
	}
	write("kobo.csv", kobo)
	// Google Forms: Timestamp, question texts, labels, multiple joined by ", ".
	gh := []string{"Timestamp", "Participant code (focus-group participants only)"}
	for _, q := range order {
		gh = append(gh, in.Question(q).Text)
	}
	google := [][]string{gh}
	for i, p := range people {
		row := []string{fmt.Sprintf("%s %d:%02d:00", strings.ReplaceAll(p.date, "-", "/"), 9+i%9, (i*11)%60), p.participant}
		for _, q := range order {
			row = append(row, labelled(p, q, ", "))
		}
		google = append(google, row)
	}
	write("google.csv", google)
	return files, plain
}

// TestDemoSurveyFiles checks that internal/demo/corpus/survey holds what the seeded
// generator makes; with -update it writes them (and plain.xlsx).
func TestDemoSurveyFiles(t *testing.T) {
	files, plain := exports(t)
	if *update {
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(surveyDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		f := excelize.NewFile()
		for r, row := range plain {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				var val any = v
				if f, err := parseNum(v); err == nil && r > 0 && c > 1 {
					val = f
				}
				f.SetCellValue("Sheet1", cell, val)
			}
		}
		if err := f.SaveAs(filepath.Join(surveyDir, "plain.xlsx")); err != nil {
			t.Fatal(err)
		}
		return
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(surveyDir, name))
		if err != nil {
			t.Fatalf("%v (regenerate with go test ./survey -run TestDemoSurveyFiles -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output (regenerate with -update)", name)
		}
	}
}

func parseNum(s string) (float64, error) {
	var f float64
	_, err := fmt.Sscan(s, &f)
	if err == nil && fmt.Sprint(f) != s && survey.FormatFloat(f) != s {
		return 0, fmt.Errorf("not canonical")
	}
	return f, err
}
