package shardmap_21

import (
	"hash/fnv"
	"sync"
)

const shardCount = 8

type shard struct {
	mu sync.RWMutex
	m  map[string]int
}

// Map is a string->int map split into shards, each with its own lock.
type Map struct {
	shards [shardCount]*shard
}

func NewMap() *Map {
	var m Map
	for i := range m.shards {
		m.shards[i] = &shard{m: make(map[string]int)}
	}
	return &m
}

func (m *Map) shardFor(key string) *shard {
	h := fnv.New32a()
	h.Write([]byte(key))
	return m.shards[h.Sum32()%shardCount]
}

// Add increments the value stored under key.
func (m *Map) Add(key string, delta int) {
	s := m.shardFor(key)
	s.mu.Lock()
	s.m[key] += delta
	s.mu.Unlock()
}

func (m *Map) Get(key string) int {
	s := m.shardFor(key)
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[key]
}

// Len counts keys across all shards.
func (m *Map) Len() int {
	n := 0
	for _, s := range m.shards {
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}
