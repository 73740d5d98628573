// Package pricebook_01 keeps a catalog of stock levels and a price book;
// the catalog caches each item's value and the price book tells it when a
// price changes.
package pricebook_01

import "sync"

// Book holds prices and calls onChange after a price is set.
type Book struct {
	mu       sync.Mutex
	prices   map[string]int
	onChange func(item string)
}

// Price returns the price of item.
func (b *Book) Price(item string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.prices[item]
}

// Set changes the price of item and tells the listener.
func (b *Book) Set(item string, p int) {
	b.mu.Lock()
	b.prices[item] = p
	if b.onChange != nil {
		b.onChange(item)
	}
	b.mu.Unlock()
}

// Catalog holds stock levels and the value of each item's stock.
type Catalog struct {
	mu    sync.Mutex
	stock map[string]int
	value map[string]int
	book  *Book
}

// NewCatalog makes a catalog that follows the book's prices.
func NewCatalog(b *Book) *Catalog {
	c := &Catalog{stock: map[string]int{}, value: map[string]int{}, book: b}
	b.onChange = c.invalidate
	return c
}

// Restock adds n units of item and updates its value.
func (c *Catalog) Restock(item string, n int) {
	c.mu.Lock()
	c.stock[item] += n
	c.value[item] = c.stock[item] * c.book.Price(item)
	c.mu.Unlock()
}

func (c *Catalog) invalidate(item string) {
	c.mu.Lock()
	delete(c.value, item)
	c.mu.Unlock()
}

// Value returns the value of item's stock.
func (c *Catalog) Value(item string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.value[item]; ok {
		return v
	}
	v := c.stock[item] * c.book.Price(item)
	c.value[item] = v
	return v
}
