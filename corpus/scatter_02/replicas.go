// Package scatter_02 reads a key from every replica of a shard and returns
// the first answer, to hide slow replicas.
package scatter_02

import "hash/fnv"

// Replica holds a copy of the shard's data.
type Replica struct {
	ID   int
	Data map[string]string
	Work int
}

func (r Replica) get(key string) string {
	h := fnv.New32a()
	for i := 0; i < r.Work; i++ {
		h.Write([]byte(key))
	}
	_ = h.Sum32()
	return r.Data[key]
}

type reply struct {
	replica int
	value   string
}

// Read returns the value from whichever replica answers first.
func Read(replicas []Replica, key string) (string, int) {
	ch := make(chan reply)
	for _, r := range replicas {
		go func(r Replica) {
			ch <- reply{replica: r.ID, value: r.get(key)}
		}(r)
	}
	first := <-ch
	return first.value, first.replica
}
