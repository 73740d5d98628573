package p

func f() {
	sources := []string{"disk", "cpu", "memory", "network"}
	for i, s := range sources {
		go use(i, s)
	}
	for i := 0; i < 3; i++ {
		go use(i, "")
	}
	for i := 0; i <= 3; i++ {
		go use(i, "")
	}
	for range 5 {
		go use(0, "")
	}
	for _, x := range []int{1, 2,} {
		go use(x, "")
	}
	for i := 0; i < n; i++ {
		go use(i, "")
	}
}
