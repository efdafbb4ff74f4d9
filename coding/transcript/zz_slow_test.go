package transcript

import (
	"bytes"
	"testing"
)

func BenchmarkZZ1252(b *testing.B) {
	data := bytes.Repeat([]byte{0xf5}, 4000)
	for i := 0; i < b.N; i++ {
		Read("x.txt", data)
	}
}
func BenchmarkZZDecode(b *testing.B) {
	data := bytes.Repeat([]byte{0xf5}, 4000)
	for i := 0; i < b.N; i++ {
		decode("x.txt", data)
	}
}
