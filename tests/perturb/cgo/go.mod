module stepdist.test/cgo

go 1.22
