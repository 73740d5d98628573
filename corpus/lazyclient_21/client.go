package lazyclient_21

import (
	"fmt"
	"sync"
)

// Endpoint is a resolved service address.
type Endpoint struct {
	Host string
	Port int
}

// Client is created on first use from its settings.
type Client struct {
	settings map[string]string
	once     sync.Once
	endpoint Endpoint
	headers  map[string]string
}

func NewClient(settings map[string]string) *Client {
	return &Client{settings: settings}
}

func (c *Client) init() {
	c.endpoint = Endpoint{Host: c.settings["host"], Port: 443}
	c.headers = map[string]string{
		"User-Agent": "inventory-sync/1.0",
		"Host":       c.Address(),
	}
}

// Address is the host:port the client talks to.
func (c *Client) Address() string {
	c.once.Do(c.init)
	return fmt.Sprintf("%s:%d", c.endpoint.Host, c.endpoint.Port)
}

// Request builds the first line and headers of a request.
func (c *Client) Request(path string) []string {
	c.once.Do(c.init)
	lines := []string{"GET " + path + " HTTP/1.1"}
	for k, v := range c.headers {
		lines = append(lines, k+": "+v)
	}
	return lines
}
