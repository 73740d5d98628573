module fixtures.stepdist/leaks/recv

go 1.22
