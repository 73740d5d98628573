// Package boundedqueue_03 uploads a file in chunks: a reader goroutine fills
// a small queue of chunks and the uploader sends them one by one.
package boundedqueue_03

import (
	"errors"
	"hash/crc32"
)

// ErrRejected is returned when the server refuses a chunk.
var ErrRejected = errors.New("chunk rejected")

// Chunk is one piece of the file.
type Chunk struct {
	Seq  int
	Data []byte
}

// Server accepts chunks; it rejects the chunk numbered RejectSeq.
type Server struct {
	RejectSeq int
	Received  []uint32
}

func (s *Server) put(c Chunk) error {
	if c.Seq == s.RejectSeq {
		return ErrRejected
	}
	s.Received = append(s.Received, crc32.ChecksumIEEE(c.Data))
	return nil
}

func split(data []byte, size int, queue chan<- Chunk) {
	defer close(queue)
	for seq, off := 0, 0; off < len(data); seq, off = seq+1, off+size {
		end := off + size
		if end > len(data) {
			end = len(data)
		}
		queue <- Chunk{Seq: seq, Data: data[off:end]}
	}
}

// Upload sends data to the server in chunks of the given size.
func Upload(s *Server, data []byte, size int) error {
	queue := make(chan Chunk, 2)
	go split(data, size, queue)
	for c := range queue {
		if err := s.put(c); err != nil {
			return err
		}
	}
	return nil
}
