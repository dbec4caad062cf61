package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

func TestCommittedDemoIsCurrent(t *testing.T) {
	want, err := json.MarshalIndent(demoFile(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	got, err := os.ReadFile("../demo.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("demo.json differs from the generator's output; run go run ./api/internal/devdirectory/gen")
	}
}

func TestASCIILocal(t *testing.T) {
	cases := map[string]string{
		"Łukasz":    "lukasz",
		"Ó Briain":  "obriain",
		"Ben-David": "ben-david",
		"Nguyễn":    "nguyen",
		"Søren":     "soren",
		"Yılmaz":    "yilmaz",
		"Müller":    "muller",
		"de Vries":  "devries",
		"Gonçalves": "goncalves",
	}
	for in, want := range cases {
		if got := asciiLocal(in); got != want {
			t.Errorf("asciiLocal(%q) = %q, want %q", in, got, want)
		}
	}
}
