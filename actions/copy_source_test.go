package actions

import "testing"

func TestCopySourceEncodesEachByte(t *testing.T) {
	cases := map[string]string{
		"a+b.txt":       "src/a%2Bb.txt",
		"a b.txt":       "src/a%20b.txt",
		"100%.txt":      "src/100%25.txt",
		"50%25off.txt":  "src/50%2525off.txt",
		"小狗.jpg":        "src/%E5%B0%8F%E7%8B%97.jpg",
		"c++/x":         "src/c%2B%2B/x",
		"q?x=1&y=2.txt": "src/q%3Fx%3D1%26y%3D2.txt",
		"tag#1":         "src/tag%231",
		"a/b/c~d_e-f.g": "src/a/b/c~d_e-f.g",
		"//lead":        "src///lead",
	}
	for key, want := range cases {
		if got := copySource("src", key, ""); got != want {
			t.Errorf("copySource(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestCopySourceVersion(t *testing.T) {
	got := copySource("src", "a b", "3/L4kqtJl+cW")
	want := "src/a%20b?versionId=3%2FL4kqtJl%2BcW"
	if got != want {
		t.Errorf("copySource = %q, want %q", got, want)
	}
}

func TestPartRanges(t *testing.T) {
	const mib = 1 << 20
	got := partRanges(12*mib, 5*mib)
	want := []byteRange{{0, 5*mib - 1}, {5 * mib, 10*mib - 1}, {10 * mib, 12*mib - 1}}
	if len(got) != len(want) {
		t.Fatalf("partRanges = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("part %d = %v, want %v", i+1, got[i], want[i])
		}
	}
	if n := len(partRanges(5<<40, 512*mib)); n > maxParts {
		t.Errorf("a 5 TiB object needs %d parts, over %d", n, maxParts)
	}
	if n := len(partRanges(12*mib, 1)); n != 3 {
		t.Errorf("a part size under 5 MiB gave %d parts, want 3 of 5 MiB", n)
	}
	if got[2].header() != "bytes=10485760-12582911" {
		t.Errorf("range header = %q", got[2].header())
	}
}
