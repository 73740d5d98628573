module fixtures.stepdist/leaks/rwmutex

go 1.22
