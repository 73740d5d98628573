module fixtures.stepdist/globaldeadlock

go 1.22
