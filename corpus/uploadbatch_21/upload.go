package uploadbatch_21

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// Object is a blob to upload.
type Object struct {
	Key  string
	Data []byte
}

// Uploader stores objects under their content hash.
type Uploader struct {
	mu     sync.Mutex
	stored map[string]string
}

func NewUploader() *Uploader {
	return &Uploader{stored: make(map[string]string)}
}

func (u *Uploader) put(o Object) string {
	sum := sha256.Sum256(o.Data)
	id := hex.EncodeToString(sum[:8])
	u.mu.Lock()
	u.stored[o.Key] = id
	u.mu.Unlock()
	return id
}

// UploadAll uploads the batch in parallel and returns the content ids
// in batch order once the batch is complete.
func (u *Uploader) UploadAll(batch []Object) []string {
	ids := make([]string, len(batch))
	var wg sync.WaitGroup
	for i, o := range batch {
		go func(i int, o Object) {
			wg.Add(1)
			defer wg.Done()
			ids[i] = u.put(o)
		}(i, o)
	}
	wg.Wait()
	return ids
}
